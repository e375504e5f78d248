// English messages of the identity zones and page images (#14), spread into en.ts.
import type { imagingFr } from "./imaging-fr.ts";

export const imagingEn: Record<keyof typeof imagingFr, string> = {
  "zones.title": "Identity zones",
  "zones.help": "Whatever lies in these zones (name, class) is replaced with grey in the pages graders see. Draw a rectangle on the page, or set the values.",
  "zones.noSample": "Zones are drawn on the first page of a copy: upload copies first.",
  "zones.sampleLabel": "First page of the first copy, identity zones overlaid",
  "zones.zone": "Zone {n}",
  "zones.page": "Page",
  "zones.everyPage": "Every page",
  "zones.pageN": "Page {n}",
  "zones.x": "Left (%)",
  "zones.y": "Top (%)",
  "zones.w": "Width (%)",
  "zones.h": "Height (%)",
  "zones.remove": "Remove zone {n}",
  "zones.add": "Add a zone",
  "zones.supervisorsSeeNames": "Supervisors see names",
  "zones.save": "Save zones",
  "zones.saved": "Zones saved: the graders’ images are being redone.",
  "zones.none": "No zone: graders will see whole pages.",
  "intake.images": "Images: {ready} / {total}",
  "intake.imagesFailed": "{n} page(s) without an image",
  "error.IMAGE_FAILED": "This page could not be turned into an image.",
  "error.IMAGE_NOT_READY": "This page’s image is not ready yet.",
};
