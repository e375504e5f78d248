// Who writes on a tablet: the pen always; a finger only when the grader asked for it ("draw with
// finger", for tablets without a pen), otherwise a finger scrolls and two pinch-zoom the page.
const KEY = "korrigo.desk.fingerDraw";

export function fingerDrawSaved(): boolean {
  try {
    return localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

export function saveFingerDraw(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? "1" : "0");
  } catch {
    // private mode: the choice lasts for this page only
  }
}

let coarse: MediaQueryList | null = null;
/** A touch screen is present (the "draw with finger" switch is offered only there); the query is made once and stays live. */
export const hasTouchScreen = (): boolean => (coarse ??= matchMedia("(any-pointer: coarse)")).matches || navigator.maxTouchPoints > 0;

/** Safari tells an Apple Pencil's touches apart; elsewhere the pen is known by its pointer events. */
export const isStylusTouch = (t: Touch): boolean => (t as Touch & { touchType?: string }).touchType === "stylus";

/** Where a pen also makes touch events (Safari's Pencil, some Android styluses), the page must not scroll under it: a touch to cancel. */
export const penHoldsPage = (e: TouchEvent, penDown: boolean): boolean => e.cancelable && (penDown || [...e.changedTouches].some(isStylusTouch));
