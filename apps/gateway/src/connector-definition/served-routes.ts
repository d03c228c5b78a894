import { Injectable, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** A route as Nest registers it: the handler, its HTTP method and its full path (`/datasets/:dataset`). */
export interface ServedRoute {
  readonly controller: Type<unknown>;
  readonly handler: string;
  /** Lower case (`get`, `post`, …; `all` for `@All`). */
  readonly method: string;
  readonly path: string;
}

const scanner = new MetadataScanner();

/**
 * The routes a controller class declares, read from the metadata `@Controller` and `@Get`/`@Post`/…
 * leave on it (`PATH_METADATA`, `METHOD_METADATA`), the same metadata Nest's router registers from.
 */
export function routesOf(controller: Type<unknown>): ServedRoute[] {
  const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
  const prototype = controller.prototype as Record<string, unknown>;
  const routes: ServedRoute[] = [];
  for (const handler of scanner.getAllMethodNames(prototype)) {
    const target = prototype[handler];
    if (typeof target !== 'function') continue;
    const paths = Reflect.getMetadata(PATH_METADATA, target) as string | string[] | undefined;
    if (paths === undefined) continue;
    const method = RequestMethod[(Reflect.getMetadata(METHOD_METADATA, target) as RequestMethod | undefined) ?? RequestMethod.GET].toLowerCase();
    for (const prefix of prefixes) {
      for (const path of asList(paths)) routes.push({ controller, handler, method, path: joinPath(prefix, path) });
    }
  }
  return routes;
}

/** Every route of every controller the application registered. */
@Injectable()
export class ServedRoutes {
  constructor(private readonly discovery: DiscoveryService) {}

  list(): ServedRoute[] {
    const controllers = new Set<Type<unknown>>();
    for (const wrapper of this.discovery.getControllers()) {
      if (typeof wrapper.metatype === 'function') controllers.add(wrapper.metatype as Type<unknown>);
    }
    return [...controllers].flatMap(routesOf);
  }
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return ['/'];
  return Array.isArray(value) ? value : [value];
}

/** `datasets/:dataset` + `tables` → `/datasets/:dataset/tables` (no global prefix or versioning is used). */
export function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment.length > 0)
    .join('/');
  return `/${joined}`;
}
