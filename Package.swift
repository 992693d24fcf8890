// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Almanac",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "almanac", targets: ["AlmanacCLI"]),
    .library(name: "Almanac", targets: ["Almanac"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
  ],
  targets: [
    .systemLibrary(
      name: "CCmark",
      pkgConfig: "libcmark",
      providers: [.apt(["libcmark-dev"])]
    ),
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    .target(
      name: "Almanac",
      dependencies: [
        "CCmark",
        "CSQLite",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Mustache", package: "swift-mustache"),
      ]
    ),
    .executableTarget(
      name: "AlmanacCLI",
      dependencies: [
        "Almanac",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "FlyingFox", package: "FlyingFox"),
        .product(name: "FlyingSocks", package: "FlyingFox"),
      ]
    ),
    .testTarget(
      name: "AlmanacTests",
      dependencies: ["Almanac", "AlmanacCLI", .product(name: "Yams", package: "Yams")],
      exclude: ["Fixtures"]
    ),
  ]
)
