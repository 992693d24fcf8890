extension Diagnostic {
  /// The diagnostic as a compiler prints it: `Content/x.md:14:3: error: message`.
  ///
  /// - Parameter color: add ANSI colours; callers pass `true` only when writing to a terminal.
  public func formatted(color: Bool = false) -> String {
    let label = severity.rawValue + ":"
    let prefix = location.map { $0.description + ": " } ?? ""
    guard color else { return prefix + label + " " + message }
    let labelColor =
      switch severity {
      case .error: "\u{1B}[1;31m"
      case .warning: "\u{1B}[1;33m"
      case .note: "\u{1B}[1;36m"
      }
    let bold = "\u{1B}[1m"
    let reset = "\u{1B}[0m"
    let coloredPrefix = prefix.isEmpty ? "" : bold + prefix + reset
    return coloredPrefix + labelColor + label + reset + " " + bold + message + reset
  }
}

extension Diagnostic {
  /// The diagnostic as a GitHub Actions workflow command, which shows as an annotation on the
  /// pull request: `::error file=Content/x.md,line=14,col=3::message`.
  public func formattedForGitHub() -> String {
    var properties: [String] = []
    if let location {
      properties.append("file=" + Self.gitHubEscaped(location.file, property: true))
      if location.line > 0 { properties.append("line=\(location.line)") }
      if location.column > 0 { properties.append("col=\(location.column)") }
    }
    // GitHub calls a note a notice.
    let command = severity == .note ? "notice" : severity.rawValue
    let head =
      properties.isEmpty ? "::\(command)" : "::\(command) " + properties.joined(separator: ",")
    return head + "::" + Self.gitHubEscaped(message, property: false)
  }

  /// GitHub's escaping for workflow commands: `%`, CR and LF everywhere, and `:` and `,` in
  /// property values.
  private static func gitHubEscaped(_ text: String, property: Bool) -> String {
    var escaped = text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(
      of: "\r", with: "%0D"
    )
    .replacingOccurrences(of: "\n", with: "%0A")
    if property {
      escaped = escaped.replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(
        of: ",", with: "%2C")
    }
    return escaped
  }
}
