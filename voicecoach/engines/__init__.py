"""Engines at the edges, behind small protocols (protocols.py): speech recognizers (sphinx.py, vosk.py, whisper.py,
faster_whisper.py, google.py), the interviewer's voice (pyttsx3_voice.py), the speech detector (webrtc_vad.py), and
the registry that names them all and adds other packages' engines by entry point (registry.py)."""
