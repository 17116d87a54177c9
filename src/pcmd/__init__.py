"""PCMD – prostitution prevention and control program management."""
