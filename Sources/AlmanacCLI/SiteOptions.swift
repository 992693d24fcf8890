import Almanac
import ArgumentParser
import Foundation

/// Options shared by every command that builds the site.
struct SiteOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The site's root folder.", valueName: "dir"))
  var source = "."

  @Option(
    name: .customLong("base-url"),
    help: ArgumentHelp(
      "The absolute URL the site is published at; overrides base_url in site.yml.", valueName: "url"
    ))
  var baseURL: String?

  @Flag(name: .long, help: "Include pages marked `draft: true`.")
  var drafts = false

  @Flag(name: .long, help: "Include pages dated after today.")
  var future = false

  @Flag(
    name: .customLong("relative-urls"),
    help: "Make every internal link relative, so the site works from any folder and from file://.")
  var relativeURLs = false

  var root: URL { URL(fileURLWithPath: source, isDirectory: true) }

  var buildOptions: BuildOptions {
    BuildOptions(
      baseURL: baseURL, includeDrafts: drafts, includeFuture: future, relativeURLs: relativeURLs)
  }
}

/// How problems are reported.
struct ReportOptions: ParsableArguments {
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case plain
    case github
  }

  @Option(
    name: .long,
    help: ArgumentHelp(
      "How to print problems: plain (like a compiler; colour on a terminal) or github (workflow commands that annotate a pull request).",
      valueName: "format"))
  var format = Format.plain

  @Option(
    name: .long,
    help: ArgumentHelp("Also write a JSON report of the run to this file.", valueName: "file"))
  var json: String?

  @Flag(name: .long, help: "Treat warnings as errors: exit 1 when there are any.")
  var strict = false

  /// Prints every diagnostic to standard error in the chosen format.
  func print(_ diagnostics: [Diagnostic], terminal: Terminal) {
    for diagnostic in diagnostics {
      switch format {
      case .plain: terminal.printError(diagnostic.formatted(color: terminal.isColorEnabled))
      case .github: terminal.printError(diagnostic.formattedForGitHub())
      }
    }
  }

  /// Whether these diagnostics fail the run.
  func fails(_ diagnostics: [Diagnostic]) -> Bool {
    diagnostics.hasErrors || (strict && !diagnostics.isEmpty)
  }

  func writeReport(_ report: BuildReport, terminal: Terminal) throws {
    guard let json else { return }
    do {
      try report.json().write(to: URL(fileURLWithPath: json), options: .atomic)
    } catch {
      terminal.printError(
        "error: cannot write the report to \(json): \(error.localizedDescription)")
      throw ExitCode.siteErrors
    }
  }
}
