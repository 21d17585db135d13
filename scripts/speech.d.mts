export declare function speechWav(text: string, options?: { voice?: string; padSeconds?: number; repeat?: number }): Promise<string>;
export declare function speechScriptWav(phrases: string[], options?: { voice?: string; gapSeconds?: number; tailSeconds?: number }): Promise<string>;
