import Foundation

/// The theme built into the binary, used by sites that have no `Templates/` folder.
///
/// Its source is the repository's `Templates/` folder; `make theme` regenerates
/// `DefaultTheme+Files.swift` from it.
enum DefaultTheme {
  /// The theme's files, keyed by their path inside `Templates/`.
  static let files: [String: Data] = encodedFiles.compactMapValues { Data(base64Encoded: $0) }
}
