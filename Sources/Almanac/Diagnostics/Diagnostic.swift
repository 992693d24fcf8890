/// One problem found in a site, located in its source and worded so that the author can fix it.
///
/// Every stage reports problems as diagnostics instead of stopping at the first one, so a
/// build prints all of a site's errors at once. The messages themselves live in
/// `Diagnostic+Messages.swift`.
public struct Diagnostic: Sendable, Hashable, Comparable {
  public enum Severity: String, Sendable, Hashable {
    case error
    case warning
    /// Information that needs no action, such as why a build was not incremental.
    case note
  }

  public var severity: Severity
  public var location: SourceLocation?
  public var message: String

  public init(_ severity: Severity, _ message: String, at location: SourceLocation?) {
    self.severity = severity
    self.message = message
    self.location = location
  }

  public var isError: Bool { severity == .error }

  /// Diagnostics sort by file and position, then errors before warnings, so output order never
  /// depends on the order in which parallel work finished.
  public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
    let lhsLocation = lhs.location ?? SourceLocation(file: "")
    let rhsLocation = rhs.location ?? SourceLocation(file: "")
    if lhsLocation != rhsLocation { return lhsLocation < rhsLocation }
    if lhs.severity != rhs.severity { return lhs.severity == .error }
    return lhs.message < rhs.message
  }
}

extension Array where Element == Diagnostic {
  /// Whether any diagnostic is an error, which stops the build before anything is written.
  public var hasErrors: Bool { contains { $0.isError } }
}

/// Thrown by a stage that cannot go on; carries every problem found so far.
struct DiagnosticError: Error {
  var diagnostics: [Diagnostic]

  init(_ diagnostic: Diagnostic) {
    diagnostics = [diagnostic]
  }
}
