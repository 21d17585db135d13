import { css } from 'lit';

/** `.visually-hidden`: read by screen readers, not shown (a label or live region the design does not display). */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
