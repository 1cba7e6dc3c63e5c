"""The terminal wizard (`walk`): the same walk as the window, for SSH, the Serial Console and Server Core."""
