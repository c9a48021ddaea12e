"""What the school does with its model: sign-ups, bookings, newsletters."""
