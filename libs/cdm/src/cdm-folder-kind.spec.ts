import { cdmFolderKind } from './cdm-folder-kind';

describe(cdmFolderKind.name, () => {
  const sut = cdmFolderKind;

  it.each<[string[], ReturnType<typeof cdmFolderKind>]>([
    [['model.json', 'Customer/part-0.csv'], 'model.json'],
    [['default.manifest.cdm.json', 'model.json', 'Customer.cdm.json'], 'model.json'],
    [['default.manifest.cdm.json', 'Customer.cdm.json', 'Customer/part-0.csv'], 'manifest'],
    [['a.manifest.cdm.json', 'b.manifest.cdm.json'], undefined],
    [['sub/model.json', 'sub/x.manifest.cdm.json'], undefined],
    [['.manifest.cdm.json'], undefined],
    [['Model.json'], undefined],
    [['Customer.cdm.json'], undefined],
    [[], undefined],
  ])('%j → %s', (names, kind) => {
    expect(sut(names)).toBe(kind);
  });
});
