// swift-tools-version:5.9
// SafarCore: the Safar core for iOS. A binary target (SafarFFI.xcframework: the Rust library for
// device and simulator, with its C header and module map) and a thin Swift target holding the
// uniffi-generated bindings. Both are produced by ./build-xcframework.sh and never committed.
import PackageDescription

let package = Package(
    name: "SafarCore",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "SafarCore", targets: ["SafarCore"]),
    ],
    targets: [
        .binaryTarget(name: "SafarFFI", path: "SafarFFI.xcframework"),
        .target(
            name: "SafarCore",
            dependencies: ["SafarFFI"],
            path: "Sources/SafarCore"
        ),
    ]
)
