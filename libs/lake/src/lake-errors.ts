/** Raised for a path that is not a clean relative lake path (never reaches a backend). */
export class LakePathError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`lake path '${path}' ${reason}`);
    this.name = 'LakePathError';
  }
}

export class LakeNotFoundError extends Error {
  constructor(readonly path: string) {
    super(`lake object '${path}' does not exist`);
    this.name = 'LakeNotFoundError';
  }
}
