"""The faces of the one Assistant: Telegram, the console chat and the command line."""
