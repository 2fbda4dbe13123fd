-- Ends spec.paused: the next pass changes the hosts towards the spec again.
obj.spec.paused = false
return obj
