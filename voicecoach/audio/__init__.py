"""Where audio enters and leaves: the 16 kHz mono int16 currency (pcm), sound devices, answer sources, playback."""
