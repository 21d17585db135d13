export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
export declare function fakeMicrophoneArgs(wav: string): string[];
export declare function launchWithDevTools(extraArgs?: string[]): Promise<{ browser: import('puppeteer-core').Browser; close(): Promise<void> }>;
