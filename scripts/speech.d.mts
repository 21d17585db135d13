export declare function speechWav(text: string, options?: { voice?: string; padSeconds?: number; repeat?: number }): Promise<string>;
