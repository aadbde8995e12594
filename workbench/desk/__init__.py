"""The desk's workflow in team mode: who reviews what (assignment), and a second person's
approval before a verdict is published (sign-off). Laptop mode never reaches it."""
