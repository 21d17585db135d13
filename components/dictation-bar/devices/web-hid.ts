/**
 * What the bar uses of WebHID's `navigator.hid`, typed here so that the bar's own types (and an app compiled against
 * them) need no WebHID typings.
 */
export interface WebHid extends EventTarget {
  getDevices(): Promise<unknown[]>;
  requestDevice(options: { filters: object[] }): Promise<unknown[]>;
}
