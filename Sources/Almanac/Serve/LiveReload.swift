import Foundation

/// The preview server's live reload: a small script the server adds to every HTML page it
/// sends, which listens to the server's event stream.
///
/// The script is added only to responses, never to the files in the output folder, so what is
/// previewed is byte for byte what gets published, plus this one `<script>` element.
///
/// The stream sends two kinds of events:
/// - `reload`, whose data is the *generation* of the output (a new one after every successful
///   build). A page reloads when it differs from the generation it was served with, so a page
///   that missed a build while it was loading, or a server restart, still catches up.
/// - `build-error`, whose data is an HTML overlay (see `BuildErrorOverlay`) listing the errors
///   of the last build, which the page shows on top of itself until the next `reload`.
public enum LiveReload {
  /// The path of the event stream. Its dot-less double underscore can't collide with a page,
  /// since Almanac never writes a top-level folder named like that.
  public static let eventsPath = "/__almanac/events"

  public static let reloadEvent = "reload"
  public static let buildErrorEvent = "build-error"

  /// The `<script>` element for a page of output `generation`.
  public static func scriptElement(generation: String) -> String {
    "<script data-almanac-generation=\"\(Escape.html(generation))\">\(script)</script>"
  }

  /// `html` with the reload script inserted before its last `</body>` (matched in any case),
  /// or appended when it has none.
  public static func injectingScript(into html: Data, generation: String) -> Data {
    let element = Data(scriptElement(generation: generation).utf8)
    guard let closingBody = lastClosingBody(in: html) else { return html + element }
    var result = html
    result.insert(contentsOf: element, at: closingBody)
    return result
  }

  /// The offset of the last `</body` in `html`, compared byte by byte ignoring ASCII case.
  private static func lastClosingBody(in html: Data) -> Data.Index? {
    let tag = Array("</body".utf8)
    let bytes = [UInt8](html)
    guard bytes.count >= tag.count else { return nil }
    var start = bytes.count - tag.count
    while start >= 0 {
      var matches = true
      for offset in 0..<tag.count
      where TextScan.asciiLowercased(bytes[start + offset]) != tag[offset] {
        matches = false
        break
      }
      if matches { return html.startIndex + start }
      start -= 1
    }
    return nil
  }

  /// The script itself. It builds the overlay's container with DOM calls and fills it with the
  /// server's already escaped HTML; it has no dependencies and needs no build step.
  static let script = """
    (() => {
      const generation = document.currentScript.dataset.almanacGeneration;
      const events = new EventSource("\(eventsPath)");
      let overlay = null;
      events.addEventListener("\(reloadEvent)", (event) => {
        if (event.data !== generation) location.reload();
        else if (overlay) { overlay.remove(); overlay = null; }
      });
      events.addEventListener("\(buildErrorEvent)", (event) => {
        if (!overlay) {
          overlay = document.createElement("div");
          overlay.id = "almanac-build-errors";
          document.documentElement.appendChild(overlay);
        }
        overlay.innerHTML = event.data;
      });
    })();
    """
}
