import { ref } from "lit/directives/ref.js";

/**
 * Sets an element's styles through the CSSOM. The CSP (`style-src 'self'`) refuses inline `style`
 * attributes, which a `style="…"` binding or styleMap's first render writes; a property set from
 * script is allowed.
 */
export const cssom = (styles: Partial<CSSStyleDeclaration>) => ref((el) => el && Object.assign((el as HTMLElement).style, styles));
