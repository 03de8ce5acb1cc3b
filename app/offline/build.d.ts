/** Set by vite.config.ts: identifies the build (package version and commit, or BUILD_ID from the environment). */
declare const __BUILD_ID__: string;
