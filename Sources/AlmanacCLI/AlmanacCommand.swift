import Almanac
import ArgumentParser
import Foundation

@main
struct AlmanacCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "almanac",
    abstract: "Build data-driven explainers into a static website.",
    discussion: """
      A site is a folder with Content/ (Markdown pages, data files, site.yml) and, optionally, \
      Templates/ (layouts, partials and theme files). Run `almanac build` in that folder.
      """,
    version: Almanac.version,
    subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self],
    defaultSubcommand: BuildCommand.self
  )

  /// Runs the command line, mapping the outcome to Almanac's exit codes: 0 for success, 1 when
  /// the site has errors, 2 for a command line that can't be understood.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let exit as ExitCode {
      Foundation.exit(exit.rawValue)
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        print(message)
        Foundation.exit(0)
      }
      FileHandle.standardError.write(Data((message + "\n").utf8))
      Foundation.exit(code == .validationFailure ? ExitCode.usage.rawValue : code.rawValue)
    }
  }
}

extension ExitCode {
  /// The site has errors; they have been printed.
  static let siteErrors = ExitCode(1)
  /// The command line was not understood.
  static let usage = ExitCode(2)
}
