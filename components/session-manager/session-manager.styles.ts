import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--session-manager-color, inherit);
  }
  [hidden] {
    display: none !important;
  }
  .login {
    max-width: 22rem;
    margin: 0 0 1rem;
    padding: 1rem;
    border: 1px solid var(--session-manager-border-color, #8a8f98);
    border-radius: 0.5rem;
    background: var(--session-manager-background, #fff);
  }
  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.1rem;
  }
  label {
    display: grid;
    gap: 0.25rem;
    margin-bottom: 0.75rem;
  }
  input {
    font: inherit;
    padding: 0.4rem 0.5rem;
    border: 1px solid #6b7280;
    border-radius: 0.25rem;
  }
  button {
    font: inherit;
    padding: 0.4rem 1rem;
    border-radius: 0.25rem;
    border: 1px solid #1d4ed8;
    background: var(--session-manager-accent, #1d4ed8);
    color: #fff;
    cursor: pointer;
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 3px solid #f59e0b;
    outline-offset: 2px;
  }
  .notice {
    margin: 0 0 0.75rem;
    padding: 0.5rem;
    border-left: 4px solid #b45309;
    background: #fffbeb;
  }
  .error {
    margin: 0 0 0.75rem;
    color: #b91c1c;
  }
  .account {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin-bottom: 0.5rem;
    font-size: 0.9rem;
  }
  .account button {
    padding: 0.2rem 0.6rem;
    background: transparent;
    color: var(--session-manager-accent, #1d4ed8);
  }
`;
