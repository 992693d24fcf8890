/// A position in one of the site's source files, as a compiler would print it.
///
/// `file` is relative to the site's root folder (for example `Content/articles/x.md`), so messages
/// read the same on every machine. Lines and columns count from 1; `0` means "unknown".
public struct SourceLocation: Sendable, Hashable, Comparable {
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int = 0, column: Int = 0) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, leaving out the parts that are unknown.
  public var description: String {
    guard line > 0 else { return file }
    guard column > 0 else { return "\(file):\(line)" }
    return "\(file):\(line):\(column)"
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }

  /// The location `lines` further down the same file, used to map positions inside an
  /// embedded block (front matter, a Markdown body) back to the file.
  func shifted(lines: Int, columns: Int = 0) -> SourceLocation {
    SourceLocation(file: file, line: line + lines, column: column + columns)
  }
}
