/// The panel the preview server lays over a page when the last build failed: every error, where
/// it is and how to fix it, as the terminal shows them.
///
/// Everything taken from the site (messages quote file contents, keys and paths) is escaped
/// here, on the server, so the page can insert the panel as HTML.
public enum BuildErrorOverlay {
  /// A self-contained HTML fragment with inline styles, for the errors in `diagnostics`.
  public static func html(for diagnostics: [Diagnostic]) -> String {
    let errors = diagnostics.filter(\.isError)
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    let items = errors.map { diagnostic in
      let location = diagnostic.location.map {
        "<strong style=\"color:#ffd479\">\(Escape.html($0.description))</strong> "
      }
      return
        "<li style=\"margin:0 0 .9em\">\(location ?? "")\(Escape.html(diagnostic.message))</li>"
    }
    let count = "\(errors.count) error\(errors.count == 1 ? "" : "s")"
    let warningNote =
      warnings == 0 ? "" : " (and \(warnings) warning\(warnings == 1 ? "" : "s"), in the terminal)"
    return """
      <div role="alertdialog" aria-label="Build failed" style="position:fixed;inset:0;\
      z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f4f4f5;\
      font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2em">\
      <h1 style="font-size:1.3em;margin:0 0 1em;color:#ff8080">Build failed: \(count)\
      \(Escape.html(warningNote))</h1>\
      <ol style="padding-left:1.2em;margin:0">\(items.joined())</ol>\
      <p style="color:#a1a1aa;margin-top:2em">Fix the files and save: the page reloads when the \
      site builds again. Until then, the preview shows the last good build.</p></div>
      """
  }
}
