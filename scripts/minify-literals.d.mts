export declare const minifyLiterals: import('esbuild').Plugin;
export declare function dedentTemplates(source: string): string;
