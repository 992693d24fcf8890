extension Diagnostic {
  /// The diagnostic as a compiler prints it: `Content/x.md:14:3: error: message`.
  ///
  /// - Parameter color: add ANSI colours; callers pass `true` only when writing to a terminal.
  public func formatted(color: Bool = false) -> String {
    let label = severity.rawValue + ":"
    let prefix = location.map { $0.description + ": " } ?? ""
    guard color else { return prefix + label + " " + message }
    let labelColor = severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m"
    let bold = "\u{1B}[1m"
    let reset = "\u{1B}[0m"
    let coloredPrefix = prefix.isEmpty ? "" : bold + prefix + reset
    return coloredPrefix + labelColor + label + reset + " " + bold + message + reset
  }
}
