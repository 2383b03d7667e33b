// :app — the Safar Android shell: Jetpack Compose screens over :core. Screen state lives in
// org.safar.app.state (plain Kotlin, tested on the JVM by tests/android-state/run.sh).
plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "org.safar.app"
    compileSdk = 35

    defaultConfig {
        applicationId = "org.safar.app"
        // Android 7.0: cheap and second-hand phones are the users' phones.
        minSdk = 24
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        val updateUrl = providers.gradleProperty("safar.updateUrl").orNull.orEmpty()
        buildConfigField("String", "UPDATE_URL", "\"$updateUrl\"")
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            isShrinkResources = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    buildFeatures {
        compose = true
        buildConfig = true
    }
    packaging {
        // The Rust library is loaded by JNA by name; keep it uncompressed and page-aligned.
        jniLibs.useLegacyPackaging = false
    }
}

kotlin {
    // Bytecode level only: builds with whatever JDK 17+ runs Gradle (Android Studio's bundled one).
    compilerOptions { jvmTarget.set(org.jetbrains.kotlin.gradle.dsl.JvmTarget.JVM_17) }
}

dependencies {
    implementation(project(":core"))
    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.ui)
    implementation(libs.androidx.compose.ui.tooling.preview)
    implementation(libs.androidx.compose.material3)
    implementation(libs.androidx.compose.material.icons.core)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(libs.androidx.navigation.compose)
    implementation(libs.androidx.work.runtime.ktx)
    implementation(libs.kotlinx.coroutines.android)
    debugImplementation(libs.androidx.compose.ui.tooling)
}
