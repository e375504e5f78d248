// Content-Disposition with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987).
export function asciiFileName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\/:*?<>|]/g, "_");
}

export function contentDisposition(kind: "attachment" | "inline", fileName: string): string {
  return `${kind}; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encodeURIComponent(fileName.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_"))}`;
}
