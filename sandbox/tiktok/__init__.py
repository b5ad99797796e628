"""TikTok stand-in: Login Kit, user info and the Content Posting API."""
