package shellops
import ("testing";"strings";"time";"fmt")
func TestAdversarialTiming(t *testing.T){
	var b strings.Builder
	for i:=0;i<5000;i++{ fmt.Fprintf(&b,"export a%d=$T\n",i)}
	for i:=0;i<5000;i++{ b.WriteString("./x.sh\n")}
	s:=time.Now(); r:=Analyze(Input{Script: b.String(), Cred: env("T")}); t.Log(time.Since(s), len(r.Uses), r.ParseError)
	b.Reset()
	for i:=0;i<3000;i++{ fmt.Fprintf(&b,"f%d() { f%d; f%d; f%d; gh pr list; }\n",i,i+1,i+1,i+1)}
	b.WriteString("f0\n")
	s=time.Now(); r=Analyze(Input{Script: b.String(), Cred: env("GH_TOKEN")}); t.Log(time.Since(s), len(r.Uses), r.ParseError)
	b.Reset()
	b.WriteString(strings.Repeat("$(", 5000)+"gh"+strings.Repeat(")", 5000))
	s=time.Now(); r=Analyze(Input{Script: b.String(), Cred: env("GH_TOKEN")}); t.Log(time.Since(s), len(r.Uses), r.ParseError)
	b.Reset()
	b.WriteString("x=a\n"+strings.Repeat("x=\"$x$x\"\n", 60)+"curl $x\n")
	s=time.Now(); r=Analyze(Input{Script: b.String(), Cred: env("GH_TOKEN")}); t.Log(time.Since(s), len(r.Uses), r.ParseError)
	b.Reset()
	b.WriteString("x=(a)\n"+strings.Repeat("x=(\"${x[@]}\" \"${x[@]}\")\n", 40)+"gh ${x[@]}\n")
	s=time.Now(); r=Analyze(Input{Script: b.String(), Cred: env("GH_TOKEN")}); t.Log(time.Since(s), len(r.Uses), r.ParseError)
}
