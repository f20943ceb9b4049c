/**
 * `noEscape` because Dockerfiles are not HTML (`&&` must stay `&&`); `strict` so a missing plan
 * field throws instead of rendering ''. The renderer and the build's precompiler share these, so
 * both paths render the same bytes. Values are made safe in plan() (see safe.ts), never here.
 */
export const COMPILE_OPTIONS = { noEscape: true, strict: true, preventIndent: true } as const;
