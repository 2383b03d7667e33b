package org.safar.app.ui

import androidx.compose.runtime.Composable
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import androidx.lifecycle.viewmodel.compose.viewModel
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext
import org.safar.app.state.StateHolder

/**
 * Runs a screen's state holder off the main thread: every action is a blocking core call, run on
 * Dispatchers.IO one at a time, and the holder's new state is published to Compose.
 */
class ScreenViewModel<S, H : StateHolder<S>>(private val holder: H) : ViewModel() {
    private val mutex = Mutex()
    private val _state = MutableStateFlow(holder.state)
    val state: StateFlow<S> = _state.asStateFlow()
    private val running = MutableStateFlow(0)

    /** How many core calls are running (above 0: show a progress indicator). */
    val busy: StateFlow<Int> = running.asStateFlow()

    fun run(action: H.() -> Unit) {
        viewModelScope.launch {
            running.update { it + 1 }
            try {
                mutex.withLock { withContext(Dispatchers.IO) { holder.action() } }
                _state.value = holder.state
            } finally {
                running.update { it - 1 }
            }
        }
    }
}

/** The screen's view model, kept across recompositions and configuration changes. */
@Composable
inline fun <S, reified H : StateHolder<S>> screenModel(key: String = H::class.java.name, crossinline create: () -> H) =
    viewModel<ScreenViewModel<S, H>>(key = key) { ScreenViewModel(create()) }
