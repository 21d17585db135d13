export declare const minifyCssLiterals: import('esbuild').Plugin;
