// :core — the Safar core for Android: the uniffi-generated Kotlin bindings, JNA, and the Rust
// library (libsafar_ffi.so) for arm64-v8a, armeabi-v7a and x86_64, built by cargo-ndk.
// Nothing here is written by hand except this file: the bindings and libraries are generated from
// the repository's Rust code on every build (see scripts/build-rust.sh).
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

val repoRoot = rootDir.parentFile
val rustJniLibs = layout.buildDirectory.dir("rustJniLibs")
val generatedBindings = layout.buildDirectory.dir("generated/uniffi/kotlin")

android {
    namespace = "org.safar.core"
    compileSdk = 35
    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    sourceSets["main"].apply {
        java.srcDir(generatedBindings)
        jniLibs.srcDir(rustJniLibs)
    }
}

kotlin {
    // Bytecode level only: builds with whatever JDK 17+ runs Gradle (Android Studio's bundled one).
    compilerOptions { jvmTarget.set(org.jetbrains.kotlin.gradle.dsl.JvmTarget.JVM_17) }
}

// Builds libsafar_ffi.so for the three ABIs and generates the Kotlin bindings from the same code.
val buildRust by tasks.registering(Exec::class) {
    group = "safar"
    description = "cargo-ndk build of safar-ffi and uniffi Kotlin bindings"
    workingDir = repoRoot
    commandLine(
        "android/scripts/build-rust.sh",
        rustJniLibs.get().asFile.absolutePath,
        generatedBindings.get().asFile.absolutePath,
    )
    // Cargo decides what is up to date; Gradle always asks it.
    outputs.upToDateWhen { false }
    onlyIf { providers.gradleProperty("safar.skipRust").orNull != "true" }
}

tasks.named("preBuild") { dependsOn(buildRust) }

dependencies {
    // The AAR (not the JAR): it carries libjnidispatch.so for every Android ABI.
    api("net.java.dev.jna:jna:${libs.versions.jna.get()}@aar")
}
