/**
 * Saves `text` as a file the browser downloads, e.g. a CSV made in the page. The object URL
 * lives only until the download has started.
 */
export function saveText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  saveUrl(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Has the browser download what `url` (an object or data URL) holds, as `filename`. */
export function saveUrl(filename: string, url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}
