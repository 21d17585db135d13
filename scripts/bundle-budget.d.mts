export declare const BUDGET_GZIP: number;
