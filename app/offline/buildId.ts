/** Set by vite.config.ts (define): which build this is. */
export const BUILD_ID: string = __BUILD_ID__;
