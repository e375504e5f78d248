// French messages of the release integrity gate, audit labels and statistics scale, spread into fr.ts.
export const integrityFr = {
  'error.RELEASE_BLOCKED': 'Certaines copies ne peuvent pas être publiées en l’état.',
  'release.blocked.title.one': 'Publication bloquée : {count} copie à vérifier',
  'release.blocked.title.other': 'Publication bloquée : {count} copies à vérifier',
  'release.blocked.intro': 'Ces copies ne sont pas publiées : un élève pourrait recevoir une copie incomplète ou celle d’un autre. Corrigez-les (identification, validation du scan, pages manquantes) ou publiez quand même en donnant la raison.',
  'release.blocked.reason.UNIDENTIFIED': 'copie non identifiée',
  'release.blocked.reason.STAGING': 'scan pas encore validé',
  'release.blocked.reason.PAGES_MISSING': '{pages} page(s) sur {expected} attendues',
  'release.blocked.overrideLabel': 'Raison de la publication malgré tout',
  'release.blocked.overrideHint': 'Au moins 5 caractères. Elle est inscrite au journal avec la liste des copies.',
  'release.blocked.overrideInvalid': 'Indiquez la raison (au moins 5 caractères).',
  'release.blocked.override': 'Publier quand même',
  'release.blocked.dismiss': 'Fermer',
  'intake.examForm.expectedPages': 'Nombre de pages attendu par copie (facultatif)',
  'intake.examForm.expectedPagesHint': 'La publication refuse une copie qui a moins de pages (page perdue au scanner). Laissez vide pour ne pas vérifier.',
  'intake.examForm.expectedPagesInvalid': 'Un nombre entier entre 1 et 500.',
} as const;
