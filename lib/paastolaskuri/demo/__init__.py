"""The fictional demo network.

``network`` writes its partners' templates and workspace files, ``commitments`` their commitments.
"""
