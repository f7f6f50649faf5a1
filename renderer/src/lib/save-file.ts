/** Hands a text file to the user as a download; injectable so the store stays free of the DOM. */
export type FileSaver = (filename: string, text: string, type: string) => void

/**
 * Downloads through a temporary `<a download>` on an object URL, which is revoked straight after:
 * the file's contents never stay reachable from the page.
 */
export const saveFileFromBrowser: FileSaver = (filename, text, type) => {
  const url = URL.createObjectURL(new Blob([text], { type }))
  try {
    const link = document.createElement('a')
    link.href = url
    link.download = filename
    link.hidden = true
    document.body.append(link)
    link.click()
    link.remove()
  } finally {
    // Revoked on the next turn: the click has started the download by then.
    setTimeout(() => {
      URL.revokeObjectURL(url)
    }, 0)
  }
}
