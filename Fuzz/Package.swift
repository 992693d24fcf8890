// swift-tools-version:6.0
import PackageDescription

// The fuzzing harness, kept out of the main package so `swift build` and `swift test` never pay
// for it. `make fuzz` builds it with AddressSanitizer into .build-fuzz and runs every target.
let package = Package(
  name: "AlmanacFuzz",
  dependencies: [.package(name: "Almanac", path: "..")],
  targets: [
    .executableTarget(
      name: "AlmanacFuzz",
      dependencies: [.product(name: "Almanac", package: "Almanac")]
    )
  ]
)
