/// The `Content-Type` the preview server sends for a file, chosen by its extension.
///
/// Text types carry `charset=utf-8`, because Almanac writes every text file as UTF-8 and a
/// browser would otherwise guess. Unknown extensions are `application/octet-stream`, which,
/// with `X-Content-Type-Options: nosniff`, a browser downloads rather than runs.
public enum ContentType {
  /// The content type for a file name or path, such as `text/css; charset=utf-8`.
  public static func forFile(named name: String) -> String {
    let fileName = name.split(separator: "/").last.map(String.init) ?? name
    guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else {
      return fallback
    }
    let fileExtension = fileName[fileName.index(after: dot)...].lowercased()
    guard let type = types[fileExtension] else { return fallback }
    return isText(type) ? type + "; charset=utf-8" : type
  }

  /// The type of anything without a known extension.
  public static let fallback = "application/octet-stream"

  /// Whether a type holds text, and so needs a charset.
  static func isText(_ type: String) -> Bool {
    type.hasPrefix("text/") || textApplicationTypes.contains(type)
  }

  private static let textApplicationTypes: Set<String> = [
    "application/json", "application/xml", "application/atom+xml", "application/rss+xml",
    "application/manifest+json", "application/yaml", "application/geo+json", "image/svg+xml",
  ]

  private static let types: [String: String] = [
    // Pages, styles and scripts.
    "html": "text/html", "htm": "text/html", "css": "text/css", "js": "text/javascript",
    "mjs": "text/javascript", "map": "application/json", "wasm": "application/wasm",
    // Data and documents.
    "json": "application/json", "geojson": "application/geo+json", "xml": "application/xml",
    "atom": "application/atom+xml", "rss": "application/rss+xml", "txt": "text/plain",
    "md": "text/markdown", "csv": "text/csv", "tsv": "text/tab-separated-values",
    "yml": "application/yaml", "yaml": "application/yaml", "sql": "text/plain",
    "pdf": "application/pdf", "webmanifest": "application/manifest+json",
    "zip": "application/zip",
    // Images.
    "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "gif": "image/gif", "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon",
    // Fonts.
    "woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf", "otf": "font/otf",
    // Audio and video.
    "mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav", "mp4": "video/mp4",
    "webm": "video/webm",
  ]
}
