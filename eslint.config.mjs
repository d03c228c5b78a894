// Lint = the dependency rules of the style guide (apps → {storage, demo} → odata),
// plus the TypeScript recommended set. Boundaries fail the build, not just warn.
import tseslint from 'typescript-eslint';

const deepImports = {
  group: ['@app/*/src/*', '@app/*/*', '!@app/odata/testing', '**/libs/*/src/**', '**/odata/src/**', '**/storage/src/**', '**/demo/src/**', '**/lake/src/**', '**/cdm/src/**', '**/partitions/src/**', '**/webhooks/src/**', '**/config/src/**'],
  message: 'Import a library through its public index (@app/<lib>), never its files (fixtures: @app/odata/testing).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', 'test/e2e/clients/.generated/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [deepImports] }],
    },
  },
  {
    files: ['libs/odata/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepImports,
            { group: ['@nestjs/*', '@app/*', 'better-sqlite3', 'pg', 'fastify'], message: 'libs/odata is pure: no Nest, no drivers, no other libs.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/odata/src/**/*.ts'],
    ignores: ['libs/odata/src/parse/from-odata-v4-parser.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'odata-v4-parser', message: 'Only parse/from-odata-v4-parser.ts may import odata-v4-parser (style rule 6).' }],
          patterns: [
            deepImports,
            { group: ['@nestjs/*', '@app/*', 'better-sqlite3', 'pg', 'fastify'], message: 'libs/odata is pure: no Nest, no drivers, no other libs.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/storage/src/**/*.ts', 'libs/demo/src/**/*.ts', 'libs/lake/src/**/*.ts', 'libs/cdm/src/**/*.ts', 'libs/partitions/src/**/*.ts', 'libs/webhooks/src/**/*.ts', 'libs/config/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [deepImports, { group: ['**/apps/**'], message: 'Libraries never import the apps.' }] },
      ],
    },
  },
  {
    files: ['libs/demo/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepImports,
            { group: ['**/apps/**', '@nestjs/*'], message: 'libs/demo generates data; it knows no apps and no Nest.' },
          ],
        },
      ],
    },
  },
);
