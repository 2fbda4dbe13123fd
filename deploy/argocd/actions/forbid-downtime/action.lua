-- Steps that interrupt the service wait again for the user (spec.maintenance.allowDowntime: false). A database
-- move that has already disabled the Session Manager still finishes (docs/database.md).
if type(obj.spec.maintenance) ~= "table" then
  obj.spec.maintenance = {}
end
obj.spec.maintenance.allowDowntime = false
return obj
