import type { ChildProcess } from 'node:child_process';

export declare function freePort(): Promise<number>;

export interface ApiServer {
  port: number;
  origin: string;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export declare function startApiServer(env?: Record<string, string>): Promise<ApiServer>;
