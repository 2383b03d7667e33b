package org.safar.app.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Typography
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.unit.sp

private val Teal = Color(0xFF00695C)
private val Sand = Color(0xFFF4E9D8)

/** Large, high-contrast text: small screens, bright sun, tired eyes. Follows the system font size. */
private val SafarTypography =
    Typography().run {
        copy(
            bodyLarge = bodyLarge.copy(fontSize = 18.sp, lineHeight = 27.sp),
            bodyMedium = bodyMedium.copy(fontSize = 16.sp, lineHeight = 24.sp),
        )
    }

@Composable
fun SafarTheme(content: @Composable () -> Unit) {
    val colors =
        if (isSystemInDarkTheme()) {
            darkColorScheme(primary = Color(0xFF80CBC4), secondaryContainer = Color(0xFF3E3A33))
        } else {
            lightColorScheme(primary = Teal, secondaryContainer = Sand)
        }
    MaterialTheme(colorScheme = colors, typography = SafarTypography, content = content)
}
