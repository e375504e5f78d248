// Accessibility audit of the page as rendered (axe-core reads open shadow roots too).
import axe from "axe-core";
import type { Page } from "playwright-core";

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** WCAG 2 A/AA violations of impact serious or critical, one line each; [] when clean. */
export async function a11yViolations(page: Page): Promise<string[]> {
  // Injected through DevTools, which the page's CSP does not govern.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return (violations as Violation[])
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(", ")}`);
}

/**
 * The landmark rules axe files under best practice, any impact: the skip link reaches its target,
 * every piece of content sits in a landmark ("region"), one main, landmarks told apart.
 */
export async function landmarkViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: "rule", values: ["region", "skip-link", "landmark-one-main", "landmark-unique", "landmark-no-duplicate-main", "bypass"] },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
  });
  return violations as string[];
}
