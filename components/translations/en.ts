import { duration, plural } from '../shared/intl.js';

/**
 * Every sentence the elements show or announce, in English: the reference language, and the fallback for a term a
 * page-registered language leaves out. A term with arguments is a function; counts and times go through `Intl`.
 */
export const en = {
  $code: 'en',
  $name: 'English',

  // <session-manager>
  loginTitle: 'Log in to dictate',
  username: 'Username',
  password: 'Password',
  logIn: 'Log in',
  loggingIn: 'Logging in…',
  logOut: 'Log out',
  signedInAs: 'Signed in as',
  loggedOutHere: 'You have logged out.',
  loggedOutServerLater:
    'You are logged out on this browser. The server could not be reached to end your session there; it ends as soon as it can be.',
  savedBeforeEnd: (items: number) => `Saved ${items} ${plural('en', items, 'item', 'items')} before the session ended.`,
  notSaved: (what: string) => `Not saved: ${what}.`,
  storeDownChecking:
    'The session service is unavailable for a moment. Nobody was logged out: this page checks again every few seconds and carries on by itself.',
  cookieBlocked:
    "Your browser refused the dictation service's login cookie, so you cannot stay logged in on this page. Ask your IT team: the page and the dictation service must be on the same site.",
  originNotAllowed: (origin: string) =>
    `The dictation service does not accept this page's address (${origin}). Ask your IT team to add it to the service's allowed origins.`,
  unreachable: 'Cannot reach the server. Check your connection and try again.',
  offlineRetry: 'You are offline. Reconnect to the network and try again.',
  serverAnswered: (status: number) => `The server answered ${status}.`,
  extendFailed: (why: string) => `Could not extend the session: ${why}`,
  supersededByLogin: 'A new login replaced this session.',

  // Why a session ended, on the login form and in the expired dialog.
  endLoggedOut: 'You were logged out in another tab or window. Please log in again.',
  endExpired: 'Session expired. Please log in again.',
  endReplaced: 'You logged in somewhere else, so this session ended. Log in again to continue here.',
  endTerminated: 'The server ended your session. Please log in again.',
  endKeepAliveTimeout:
    'The dictation service stopped hearing from this page (keep-alive timeout), so your session ended. Please log in again.',
  endPageLeft: 'Your session ended while this page was closed or away. Please log in again.',
  endConnectionLost: 'The connection to the dictation service was lost, so your session ended. Please log in again.',
  endServiceRestarting: 'The dictation service restarted, so your session ended. Please log in again.',

  // The server's error codes (its own English message is shown only for a code not listed here).
  errInvalidCredentials: 'Wrong username or password.',
  errLoginThrottled: (seconds: number) =>
    `Too many failed logins for this account or from this network. Try again in ${duration('en', seconds)}.`,
  errRateLimited: 'Too many attempts. Please wait a minute and try again.',
  errValidation: 'Enter a username and a password.',
  errForbiddenOrigin: "The dictation service does not accept requests from this page's address. Ask your IT team.",
  errNotAuthenticated: 'You are not logged in.',
  errInternal: 'The dictation service had an internal error. Try again; if it happens again, tell your administrator.',
  errStoreUnavailable: 'The session service is unavailable for a moment. Try again in a few seconds.',
  serverSaid: (message: string) => message,

  // <session-expiry-warning>
  warningTitle: 'Your session is about to expire',
  warningBody: 'For your security you will be logged out in',
  warningKept: 'Anything you dictated is kept.',
  logoutNow: 'Logout Now',
  stayLoggedIn: 'Stay Logged In',
  expiredTitle: 'Your session has expired',
  logInAgain: 'Log in again',
  timeLeft: (seconds: number) => `${duration('en', seconds)} left.`,

  // <dictation-bar>
  dictate: 'Dictate',
  barLabel: 'Dictation',
  microphoneLevel: 'Microphone level',
  keptPending: (seconds: number) =>
    `${duration('en', seconds)} of speech are kept on this device and will be transcribed after you log in again.`,
  keptNotTranscribed: (seconds: number) =>
    `${duration('en', seconds)} of speech are kept on this device, not transcribed yet: press Dictate to transcribe them.`,
  microphone: 'Microphone',
  microphoneNumber: (n: number) => `Microphone ${n}`,
  retry: 'Retry',
  myWords: 'My words',
  connectDevice: 'Connect dictation microphone',
  connectAnotherDevice: (names: string) => `${names}: connect another dictation microphone`,
  needsSessionManager: 'Dictation needs a <session-manager> around it.',
  reconnecting: 'Reconnecting to the dictation service…',
  connecting: 'Connecting to the dictation service…',
  checkingSession: 'Checking your session…',
  logInToDictate: 'Log in to start dictating.',
  keptWhileLoggedOut:
    'Your speech is still being recorded on this device and will be transcribed after you log in again. Press Dictate again when you are done.',
  transcribingKept: (seconds: number) => `Transcribing ${duration('en', seconds)} of speech kept while the connection was down…`,
  sealedBeforeExpiry:
    'Your session is about to end: your speech is now kept on this device and will be transcribed after you log in again, or at once if you stay logged in.',
  startingMicrophone: 'Starting the microphone…',
  listening: (shortcut: string) => (shortcut ? `Listening… Press Dictate or ${shortcut} to stop.` : 'Listening… Press Dictate to stop.'),
  finishing: 'Finishing the last words…',
  ready: (shortcut: string) => (shortcut ? `Ready to dictate. Press Dictate or ${shortcut} to start.` : 'Ready to dictate. Press Dictate to start.'),
  /** A sentence the editing module wrote in the page's language (it carries its own). */
  said: (sentence: string) => sentence,
  serverCouldNotHandle: (why: string) => `The dictation service could not handle a message: ${why}`,
  recovered: (words: number) => `Recovered ${words} ${plural('en', words, 'word', 'words')} dictated while the connection was down.`,
  recoveredNothing: 'The speech kept while the connection was down had no words in it.',
  restored: (words: number) =>
    `Restored ${words} dictated ${plural('en', words, 'word', 'words')} that the page had not saved before it was closed.`,

  // Why the link is down.
  linkLoggedOut: 'You were logged out (here or in another tab), so dictation stopped. Log in to continue.',
  linkSignedInElsewhere: 'Dictation stopped: you signed in somewhere else. Log in again here to continue.',
  linkExpired: 'Your session expired, so dictation stopped. Log in again to continue.',
  linkServerHeardNothing: 'The dictation service stopped hearing from this page (keep-alive timeout). Log in again to continue.',
  linkTerminated: 'The server ended your session, so dictation stopped. Log in again to continue.',
  linkRestarting: 'The dictation service is restarting. Log in again in a moment to continue.',
  linkInternalError: 'The dictation service had an internal error and closed the connection. Log in again to continue.',
  linkMessageTooBig: 'The dictation service closed the connection: a message was too large. Log in again to continue.',
  linkKeepAliveTimeout: (seconds: number) =>
    `Connection lost: the dictation service did not answer within ${duration('en', seconds)}. Check your network, then log in again.`,
  linkRecordingTimeout: (seconds: number) =>
    `Connection lost: the dictation service stopped answering while you were dictating (nothing for ${duration('en', seconds)}). Check your network, then log in again.`,
  linkPageLeft: 'Your session ended while this page was closed or away, so dictation stopped. Log in again to continue.',
  linkLost: 'Connection to the dictation service was lost. Log in again when it is back.',
  linkNotReading:
    'The dictation service closed the connection because this page stopped taking its messages (the page was too busy or the network too slow). Log in again to continue.',
  linkRateExceeded:
    'The dictation service closed the connection because this page sent far more than it allows. Log in again to continue; if it happens again, tell your administrator.',
  linkTooManyConnections:
    'Dictation is open in too many tabs or bars for this session (or from this network). Close some of them, then press Retry.',
  linkOfflineBack: 'You were offline, so dictation stopped. The network is back: log in again to continue.',
  linkOffline: 'You are offline, so dictation stopped. Log in again when you are back online.',
  linkRefused: 'Cannot reach the dictation service. Check that it is running, then retry.',
  linkUnauthorized: 'The dictation service refused the connection because your session is no longer valid (401). Log in again.',
  linkRejected: 'The dictation service refused the connection. Ask your administrator to allow this site.',
  linkStoreUnavailable:
    'The session service is unavailable for a moment. Nobody was logged out: dictation reconnects by itself when it is back.',
  linkClosed: (code: string) =>
    `The connection to the dictation service closed unexpectedly (code ${code}). Log in again to continue.`,

  // Why a recording could not start or stopped early.
  micDenied:
    'Microphone access was denied. Allow the microphone for this site (the icon in the address bar), then press Dictate again.',
  micNotFound: 'No microphone was found. Connect one, then press Dictate again.',
  micBusy: 'The microphone could not be started: another application may be using it.',
  micUnplugged: 'The microphone was disconnected, so recording stopped. What was recognised before was kept.',
  micInsecure: 'The microphone only works on a secure page (https).',
  micUnsupported: 'This browser cannot record audio here.',
  micFailed: 'The microphone could not be started.',
  noTarget: 'Click into the text field you want to dictate into, then press Dictate.',
  recognizerUnavailable: 'Speech recognition is not available on the server. Ask your administrator.',
  recognizerBusy: 'Every speech recognizer on the server is busy. Try again in a moment.',
  recognizerFailed: 'The speech recognizer failed, so recording stopped. What it had recognised was kept.',
  recordingLimit: 'Recording stopped: it reached the longest recording the server allows. Press Dictate to continue.',
  keptLimit: (minutes: number) =>
    `Recording stopped: ${duration('en', minutes * 60)} of speech are kept on this device, the most it records without a connection. They will be transcribed after you log in again.`,
  audioRejected: 'The dictation service could not use the audio from this browser.',
  tooManyRecordings:
    'You are already dictating in other tabs or bars, as many as the server allows at once. Stop one of them, then press Dictate here.',
};
