// French messages of released versions and rubric items in results (portal, dashboard, exports,
// release), spread into fr.ts.
export const releasedFr = {
  "portal.version": "version {version}",
  "portal.items": "Éléments du barème appliqués",
  "portal.adjustment": "Ajustement : {comment}",
  "results.items.title": "Éléments du barème",
  "results.items.caption": "Part des copies corrigées ayant reçu chaque élément, par question",
  "results.items.none": "Aucune question n’est notée avec des éléments de barème.",
  "results.items.graded": "{count} copies notées",
  "results.items.chartLabel": "{question} : part des copies ayant reçu chacun des {count} éléments ; les données sont dans le tableau qui suit.",
  "results.items.item": "Élément",
  "results.items.points": "Points",
  "results.items.count": "Copies",
  "results.items.share": "Part",
  "exports.items": "Éléments du barème par copie (CSV)",
  "exports.itemsHint": "Une ligne par élément appliqué (ou ajustement) : code anonyme, état, question, élément, points.",
  "release.changedSince": "À republier (note publiée : {total})",
  "release.awaitingRender.one":
    "{count} copie a changé depuis sa dernière publication : son PDF est en cours de mise à jour. Publiez-la de nouveau dans un instant.",
  "release.awaitingRender.other":
    "{count} copies ont changé depuis leur dernière publication : leurs PDF sont en cours de mise à jour. Publiez-les de nouveau dans un instant.",
} as const;
